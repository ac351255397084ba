from socle.registry_missing_module import nothing  # an ImportError inside the module

from socle import registry

registry.demo_data("broken", nothing)
