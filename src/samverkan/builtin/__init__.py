"""The plugins that ship with the core: population and driver readers, the allocation methods
and the cost-allocation section, the KPI listing, goals and the user survey. They are ordinary
plugins and use only :mod:`samverkan.api`."""
