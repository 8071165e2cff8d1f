// Domain model, pure rules, ports and AWS adapters arrive with the collector (issue 3).
export {};
