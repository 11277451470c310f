"""The terminal adapter: the same commands as Discord and Slack, with no tokens."""
