"""The one error type the command line turns into a one-line message and a non-zero exit."""


class HarnessError(Exception):
    """Bad input or an unusable environment, said in one line a user can act on."""

    exit_code = 2


def first_line(error: BaseException) -> str:
    """The first line of an exception's message: browsers' errors run to many lines."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
