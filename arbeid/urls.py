from django.urls import path

from arbeid import views

app_name = "arbeid"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("oppfolging/", views.follow_ups, name="follow_ups"),
    path("oppfolging/<int:pk>/lukk/", views.close_follow_up, name="close"),
    path("oppfolging/<int:pk>/opne/", views.reopen_follow_up, name="reopen"),
    path("mote/<int:pk>/oppfolgingar/", views.offer_follow_ups, name="offer"),
]
