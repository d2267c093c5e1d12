app_name = "indikatorar"
urlpatterns = []
