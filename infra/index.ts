// One file per concern (storage, collector, api, alarms) is imported here as each lands.
export {};
