from socle import registry

registry.notification_kind("objets.loan.requested", "Again")
