"""Domain knowledge the core reads as data (the drug table, lay terms, topic taxonomy...).

The code here is generic; what it reads is the domain pack's JSON files.
"""
