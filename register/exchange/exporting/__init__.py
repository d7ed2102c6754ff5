"""Exporting the register: XLSX, CSV, JSON and the PDF for the supervisory authority.

The way of one export (``services.export_register``, audited)::

    dataset.load_register        records now or as of a past day, filtered like the overview
                                   (``register.exchange.filters``), controllers per product,
                                   the own organisation and the vocabularies
      -> to_xlsx / to_csv        one sheet (file) per record, columns of
                                   ``register.exchange.columns``, cells neutralised by
                                   ``register.exchange.cells``
      -> to_json                 the same data as ``docs/register-export.schema.json``
      -> to_pdf                  HTML from ``templates/exchange/register_pdf``, rendered in parts
"""
