"""Reading inputs: files, folders, gzip, encodings, front matter, exports and caches."""
from overture.read._files import (MAX_BYTES, article_from_text, find_inputs, front_matter, kind_of,
                                  parse_date, path_date, read_article, read_articles, split_articles)

__all__ = ["MAX_BYTES", "article_from_text", "find_inputs", "front_matter", "kind_of", "parse_date",
           "path_date", "read_article", "read_articles", "split_articles"]
