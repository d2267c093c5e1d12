from django.urls import path

from sok import views

app_name = "sok"
urlpatterns = [
    path("", views.search, name="search"),
]
