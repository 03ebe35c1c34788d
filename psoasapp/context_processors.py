from django.http import HttpRequest

from exercises import selectors as content


def site(request: HttpRequest) -> dict[str, str]:
    """Values every page's layout needs: the footer, journal alerts and
    exercise pages all link to the guide's warning signs."""
    return {"seek_help_url": content.seek_help_url()}
