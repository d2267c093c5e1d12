import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages in English (the msgids), so a test can match the words it expects."""
    with translation.override("en"):
        yield
