"""What a chat message carries besides its words: mentions, links, emoji, emoticons and markdown.

Both platforms' syntax is taken off before the reader looks for questions in what is left.
"""

from __future__ import annotations

import re

import emoji

MENTION = re.compile(
    r"<(?:@[!&]?|#|!)[^<>\s]{1,80}>"  # Discord <@id> <@!id> <@&role> <#channel>; Slack <@U…> <#C…|name> <!here>
    r"|<a?:\w{1,32}:\d{1,20}>"  # Discord custom emoji
    r"|(?<![\w.])@[\w.-]{1,40}",  # @here, @channel, @everyone and @BotName typed as text
    re.IGNORECASE,
)
"""Mentions, broadcasts and custom emoji of both platforms: they address people, not the knowledge base."""
_CODE_FENCE = re.compile(r"```(?:[a-z]+\n)?")
_LINK = re.compile(r"\[([^\]]{1,200})\]\((?:https?://|<)[^)\s]{1,500}\)|<https?://[^|>\s]+\|([^>]{1,200})>")
_URL = re.compile(r"<?https?://[^\s>]+>?")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_EMOTICON = re.compile(r"(?<!\w)(?:[:;=8xX][-']?[()\[\]DPpOo3/\\|*]+|<3|\^\^|\^_\^|¯\\_\(ツ\)_/¯)(?!\w)")


def strip_markup(message: str) -> str:
    """The message without mentions, emoji, links and markdown, one line per line."""
    text = _CODE_FENCE.sub("", message.replace("\r\n", "\n"))
    text = MENTION.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _URL.sub(" ", text)
    text = emoji.replace_emoji(text, " ")
    text = _EMOTICON.sub(" ", text)
    for _ in range(2):  # nested emphasis: **_word_**
        text = _EMPHASIS.sub(r"\2", text)
    return text

