// Lambda handlers (collector, API) arrive with issues 3 and 4.
export {};
