MATCH (a)
WHERE a.id = "x" AND
RETURN a