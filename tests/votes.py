"""What a vote needs from an answer, as the adapters take it from their buttons."""

from bot.core.models import Answer


def vote_on(answer: Answer) -> tuple[str, str]:
    """The ``(ref, question)`` pair ``KnowledgeBase.record_feedback`` takes for this answer."""
    return answer.ref, answer.question
