"""Reading inputs: files, folders, gzip, encodings, front matter."""
from overture.read._files import (MAX_BYTES, article_from_text, find_inputs, front_matter, kind_of,
                                  parse_date, read_article)

__all__ = ["MAX_BYTES", "article_from_text", "find_inputs", "front_matter", "kind_of", "parse_date",
           "read_article"]
