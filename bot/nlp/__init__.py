"""The NLP pipeline: spaCy components that turn an article into who / claims / sources / key points."""
