from rest_framework.pagination import CursorPagination


class StableCursor(CursorPagination):
    """Newest first by primary key: stable under inserts, any page as cheap as the first."""

    ordering = "-pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
