"""Small domain exceptions whose messages say what to do; the CLI prints them as one line."""


class NewsgraphError(Exception):
    """Base class for errors a user can act on."""


class InputError(NewsgraphError):
    """An input file or record cannot be read as an article."""


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""


class NotFoundError(NewsgraphError):
    """A named entity, article or fact does not exist in the store."""


class ModelError(NewsgraphError):
    """The spaCy model named in the settings is not installed."""


ECHO_LIMIT = 80


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """``repr`` of a user's value for an error message, cut to ``limit`` characters: a message
    names what was wrong without sending a 5,000-character input straight back."""
    text = repr(value) if isinstance(value, str) else repr(str(value))
    return text if len(text) <= limit else f"{text[:limit - 4]}…{text[-1]} ({len(str(value))} characters)"
