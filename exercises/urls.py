app_name = "exercises"

# Routes arrive with this app's issue; the namespace is registered now so
# templates can already ask for it with {% url ... as name %}.
urlpatterns: list = []
