"""Dating statements: date words in a sentence, resolved against the publication date."""
from overture.dates._resolve import DateMention, date_for_sentence, find_date_mentions, resolve

__all__ = ["DateMention", "date_for_sentence", "find_date_mentions", "resolve"]
