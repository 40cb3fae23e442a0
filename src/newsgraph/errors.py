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
