"""extract_html returns the article's paragraphs as spans, with page metadata, and fails cleanly."""

import pytest

from overture.clean._html import HtmlExtract, extract_html

PARAGRAPHS = [
    "The valley water board said on Tuesday that it would meet farmers' representatives next week "
    "to discuss the new irrigation quotas, after a month of protests outside its offices.",
    "The board's director told reporters that the meeting would be held in public and that "
    "an independent engineer had agreed to chair it, a condition the farmers had set in March.",
    "Farmers' leaders welcomed the offer but said they would keep their tractors parked outside "
    "the building until the quotas were suspended, and asked for minutes of the meeting to be published.",
    "Several smaller growers' groups said they had not been invited and would hold their own "
    "gathering on Saturday, while the regional government urged all sides to settle before the harvest.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Water board offers talks with farmers - Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="og:title" content="Water board offers talks with farmers">
<meta property="article:published_time" content="2024-04-08T09:30:00+00:00">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<article>
<h1>Water board offers talks with farmers</h1>
<p class="byline">By Ines Calder, 8 April 2024</p>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
<figure><img src="x.jpg"><figcaption>Tractors outside the board's offices. Photo: Valley Courier</figcaption></figure>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Bridge closed for repairs</a></li></ul></aside>
<footer>&copy; 2031 Valley Courier. All rights reserved.</footer>
</body>
</html>"""


def test_paragraphs_and_spans():
    result = extract_html(PAGE, url="https://valley-courier.example/news/water-talks")
    assert isinstance(result, HtmlExtract)
    pieces = [result.text[s:e] for s, e in result.body]
    for paragraph in PARAGRAPHS:
        assert paragraph in pieces
    assert result.text.startswith(result.title)  # the headline stays in the text, outside the body
    assert "\n\n".join([result.title] + pieces) == result.text
    assert "cookies" not in result.text and "All rights reserved" not in result.text


def test_metadata():
    result = extract_html(PAGE)
    assert result.title == "Water board offers talks with farmers"
    assert result.site_name == "Valley Courier"
    assert result.published == "2024-04-08"
    assert result.language == "en-gb"


def test_empty_page_raises():
    with pytest.raises(ValueError):
        extract_html("")
    with pytest.raises(ValueError):
        extract_html("<html><head><title>x</title></head><body><div></div></body></html>")


def test_broken_html_does_not_crash():
    broken = ("<html><body><div><p>" + PARAGRAPHS[0] + "<p><b>" + PARAGRAPHS[1]
              + "</i></div></span><table><tr><td>" + PARAGRAPHS[2] + "<<<>>>&&&;</p")
    try:
        result = extract_html(broken)
    except ValueError:
        return
    assert "irrigation quotas" in result.text


def test_deeply_nested_html_does_not_crash():
    depth = 5000
    nested = "<html><body>" + "<div>" * depth + "<p>" + PARAGRAPHS[0] + "</p>" + "</div>" * depth + "</body></html>"
    try:
        result = extract_html(nested)
    except ValueError as exc:
        assert str(exc)
        return
    assert isinstance(result.text, str)
