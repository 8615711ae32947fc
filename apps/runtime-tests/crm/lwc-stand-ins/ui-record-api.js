// Stand-in of `lightning/uiRecordApi`: `getRecord` is a wire adapter that answers with the record
// the page holds in `<script type="application/json" id="case-record">` (what Lightning Data
// Service would load), and `getFieldValue` reads a field of it.
const recordOnThePage = () => JSON.parse(document.getElementById("case-record").textContent)

export class getRecord {
  constructor(dataCallback) {
    this.dataCallback = dataCallback
  }
  update(config) {
    const record = recordOnThePage()
    this.dataCallback(config.recordId === record.id ? { data: record, error: undefined } : { data: undefined, error: { status: 404 } })
  }
  connect() {}
  disconnect() {}
}

export const getFieldValue = (record, field) => record.fields[field.fieldApiName]?.value
