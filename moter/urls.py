from django.urls import path

from moter import views

app_name = "moter"
urlpatterns = [
    path("", views.index, name="index"),
]
