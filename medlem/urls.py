from django.urls import path

from medlem import views

app_name = "medlem"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("mote/<int:pk>/forfall/", views.report_absence, name="absence"),
    path("sak/<int:pk>/inhabil/", views.declare_conflict, name="conflict"),
    path("vara/<str:token>/", views.confirm_substitute, name="confirm_substitute"),
    path("abonner/<slug:body>/", views.subscribe, name="subscribe"),
    path("abonnement/<str:token>/stadfest/", views.confirm, name="confirm"),
    path("abonnement/<str:token>/avmeld/", views.unsubscribe, name="unsubscribe"),
]
