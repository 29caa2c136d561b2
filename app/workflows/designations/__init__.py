"""Official sanctions designations: matching perpetrators against list entries.

`blocking` turns an entity into the keys that pick the few list entries worth comparing with it;
`matching` scores a pair with nomenklatura's logic-v2 and screens a perpetrator against an index.
"""
