from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set and its `plaza demo` command (no models)."""

    name = "plaza.demo"
    label = "demo"
