"""briefbot: news briefings for Slack and Discord teams.

The core (loaders, NLP pipeline, store, digest, scheduler) lives here and never
imports a chat platform's SDK; adapters/ translate, handlers/ answer.
"""

__version__ = "0.1.0"
