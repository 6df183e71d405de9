"""Across articles and outlets: copies, folded statements, stories, positions, outlet
comparison. Pure functions over plain dataclasses; overture.store._analysis runs them over
a store and keeps their results in tables."""
from overture.analysis._copies import (COPY_THRESHOLD, REWRITE_THRESHOLD, ArticleText, CopyLink, find_copies,
                                       shingles)
from overture.analysis._fold import DATE_WINDOW_DAYS, SIMILARITY, FoldedStatement, Mention, fold_mentions
from overture.analysis._outlets import (UNKNOWN_OUTLET, Cue, FramingCues, StoryArticle, compare_outlets,
                                        outlet_facts, outlet_name)
from overture.analysis._positions import STATES, Position, day_state, positions, statement_state
from overture.analysis._stories import STORY_TEXT_SIMILARITY, STORY_WINDOW_DAYS, Story, build_stories

__all__ = ["COPY_THRESHOLD", "DATE_WINDOW_DAYS", "REWRITE_THRESHOLD", "SIMILARITY", "STATES",
           "STORY_TEXT_SIMILARITY", "STORY_WINDOW_DAYS", "UNKNOWN_OUTLET", "ArticleText", "CopyLink", "Cue",
           "FoldedStatement", "FramingCues", "Mention", "Position", "Story", "StoryArticle", "build_stories",
           "compare_outlets", "day_state", "find_copies", "fold_mentions", "outlet_facts", "outlet_name",
           "positions", "shingles", "statement_state"]
