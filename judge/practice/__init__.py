"""The practice loop: judging on every save, timed mocks, and the commands of the history."""
