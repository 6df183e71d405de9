"""Edge cases a review of the speed and attribution work found: each failed before its fix."""
from __future__ import annotations

import datetime as dt

from overture.attribution._quotes import find_quotes
from overture.clean._meta import date_in_line, language


def test_metadata_dates_in_every_shape_the_regex_admits():
    assert date_in_line("Published 3 Sept. 2021, 08:15") == dt.date(2021, 9, 3)
    assert date_in_line("Sept. 3, 2021") == dt.date(2021, 9, 3)
    assert date_in_line("3rd February 2021") == dt.date(2021, 2, 3)
    assert date_in_line("3 ſept 2021") == dt.date(2021, 9, 3)  # long s: IGNORECASE matched it
    assert date_in_line("31 Feb 2021") is None


def test_language_counts_letters_not_numerals():
    assert language("한국 ½½½½½") == "ko"


def test_a_menu_of_dashes_is_not_a_quote_and_dash_quotes_still_are():
    assert find_quotes("Most read. - Russia rejects truce offer - Kyiv calls for talks - Weather") == []
    text = "— We are open to talks on the basis of the realities on the ground, — said the spokesman."
    assert [text[q.start:q.end] for q in find_quotes(text)] == [
        "We are open to talks on the basis of the realities on the ground"]

