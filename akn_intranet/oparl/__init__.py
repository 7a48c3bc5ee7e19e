"""The OParl 1.1 read interface (``/oparl/v1/``): the alliance's meetings, results and files for
council information systems and portals."""
