"""A per-process cache of the tenants requests name.

Looking a tenant up costs a request two statements (a search_path switch
to public and a select). Found tenants are kept `TENANT_CACHE_SECONDS`
(default 5): a tenant deactivated or deleted by another process stops being
served within that delay, and at once in the process that saved the change.
Unknown names are never cached, so a new tenant is served at once.
"""

import threading

from cachetools import TTLCache
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tenants.models import Domain, Tenant

_lock = threading.Lock()
_cache = None


def _entries():
    global _cache
    ttl = settings.TENANT_CACHE_SECONDS
    if _cache is None or _cache.ttl != ttl:
        _cache = TTLCache(maxsize=2048, ttl=ttl)
    return _cache


def tenant_cached(key, lookup):
    """Return the tenant cached under `key`, or `lookup()`'s, kept if found."""
    if not settings.TENANT_CACHE_SECONDS:
        return lookup()
    with _lock:
        tenant = _entries().get(key)
    if tenant is not None:
        return tenant

    tenant = lookup()
    if tenant:
        with _lock:
            _entries()[key] = tenant
    return tenant


@receiver(post_save, sender=Tenant)
@receiver(post_delete, sender=Tenant)
@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def tenant_cache_clear(**kwargs):
    with _lock:
        _entries().clear()
