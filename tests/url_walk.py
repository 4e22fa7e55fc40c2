"""Every named class-based view in the URL conf, for tests that must cover each page."""

from django.urls import URLPattern, URLResolver, get_resolver


def named_views(patterns=None, namespace=""):
    """(“namespace:name”, view class) for every named class-based view."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_views(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None:
                yield f"{namespace}{entry.name}", view_class
