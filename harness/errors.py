"""The one error type the command line turns into a one-line message and a non-zero exit."""


class HarnessError(Exception):
    """Bad input or an unusable environment, said in one line a user can act on."""

    exit_code = 2
