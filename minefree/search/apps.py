from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "minefree.search"
    label = "search"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from minefree.search.lowered import add_sqlite_lower

        connection_created.connect(add_sqlite_lower, dispatch_uid="minefree-search-lower")
