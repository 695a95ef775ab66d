"""Article loaders: a file or fetched bytes in, `Article`s out.

Plain text (a headline line, bylines, datelines and source lines read as
metadata), HTML pages (trafilatura plus the page's own metadata) and JSON
records. Anything that is not an article raises `InputError` with a one-line
reason that says how to fix it.
"""

from bot.loaders.load import load_bytes, load_path

__all__ = ["load_bytes", "load_path"]
