"""cleaner: remove boilerplate from scraped news articles, explaining every removal."""

from cleaner.api import clean, clean_many
from cleaner.config import Config
from cleaner.document import Removal, Result
from cleaner.errors import CleanerError, ConfigError, InputError, QuarantineError

__version__ = "0.1.0"
__all__ = [
    "CleanerError",
    "Config",
    "ConfigError",
    "InputError",
    "QuarantineError",
    "Removal",
    "Result",
    "clean",
    "clean_many",
]
