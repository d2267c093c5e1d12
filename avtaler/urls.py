from django.urls import path

from avtaler import views

app_name = "avtaler"
urlpatterns = [
    path("", views.index, name="index"),
]
