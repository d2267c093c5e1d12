app_name = "arbeid"
urlpatterns = []
