"""The publisher's side: what content staff run, never needed on a terminal.

Read and check content sources (`sources`, `yamlsrc`, `fields`, `limits`, `phones`),
import an Open Referral HSDS spreadsheet (`hsds/`), build a pack (`build`,
`search_index`), sign and publish it (`publish`), and the `kiosk content …` commands (`cli`).
"""
