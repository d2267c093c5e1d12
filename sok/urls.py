app_name = "sok"
urlpatterns = []
