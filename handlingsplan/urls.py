from django.urls import path

from handlingsplan import views

app_name = "handlingsplan"
urlpatterns = [
    path("", views.index, name="index"),
]
