from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from plaza.accounts.models import Scope, SentNotice, User
from plaza.core.admin import ReadOnlyAdmin


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 0
    fields = ("content_type", "object_id", "created_at")
    readonly_fields = ("created_at",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Plaza"), {"fields": ("language", "email_notices", "is_demo")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_demo")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "is_demo")
    inlines = [ScopeInline]


@admin.register(SentNotice)
class SentNoticeAdmin(ReadOnlyAdmin):
    """What Plaza e-mailed, for support questions ("did I get the reminder?"): read only, and
    not deleted here either (a deleted row would let the same notice be sent twice)."""

    list_display = ("sent_at", "user", "address", "kind", "subject", "language")
    list_filter = ("kind", "language")
    search_fields = ("user__username", "user__email", "address", "subject", "key")
