from django.apps import AppConfig


class QualiformaConfig(AppConfig):
    name = "qualiforma"
    verbose_name = "QualiForma"

    def ready(self):
        from qualiforma import checks  # noqa: F401  (registers the checks)
