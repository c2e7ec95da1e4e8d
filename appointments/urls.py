"""URLs of the appointments app (online cancel and reschedule, the print queue)."""

app_name = "appointments"

urlpatterns: list = []
