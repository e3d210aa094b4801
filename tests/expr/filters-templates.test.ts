/** End-to-end: filters and functions through the real template engine (renderTemplate). */
import { describe, expect, test } from "bun:test";
import { renderTemplate } from "../../src/expr/index.ts";

const options = {
  now: () => new Date("2024-05-01T10:15:30.123Z"),
  timeZone: "Europe/Paris",
  env: { SECRET_API_KEY: Buffer.from("k3y").toString("base64") },
};

const context = {
  trigger: { body: { name: "ann lee", items: [3, 1, 2], tags: ["a", "b", "a"], when: "2024-05-01T10:15:30Z" } },
  vars: { message: "Hi {{ trigger.body.name }}", nested: "{{ vars.message }}!" },
  user: { first: "Ann", last: "Lee", age: 42 },
  empty: "",
  nothing: null,
};

const cases: [template: string, expected: string][] = [
  ["{{ 'a,b' | split(',') | join('-') }}", "a-b"],
  ["{{ now(timeZone='UTC') }}", "2024-05-01T10:15:30.123000Z"],
  ["{{ now() }}", "2024-05-01T12:15:30.123000+02:00"],
  ["{{ now('yyyy-MM-dd') }}", "2024-05-01"],
  ["{{ now(format='sql_sec', timeZone='Asia/Tokyo') }}", "2024-05-01 19:15:30"],
  ["{{ {'a':1} | jq('.a') | first }}", "1"],
  ["{{ trigger.body | jq('.items | add') | first }}", "6"],
  ["{{ trigger.body.items | jq('map(. * 2)') | first | join(',') }}", "6,2,4"],
  ["{{ trigger.body | jq('.tags[]') | length }}", "3"],
  ["{{ '{\"x\":[1,2]}' | jq('.x[1]') | first }}", "2"],
  ["{{ missing | default('fallback') }}", "fallback"],
  ["{{ empty | default('fallback') }}", "fallback"],
  ["{{ nothing | default('fallback') }}", "fallback"],
  ["{{ user.first | default('x') }}", "Ann"],
  ["{{ trigger.body.name | upper }}", "ANN LEE"],
  ["{{ trigger.body.name | title }}", "Ann Lee"],
  ["{{ trigger.body.name | capitalize }}", "Ann lee"],
  ["{{ 'ABC' | lower }}", "abc"],
  ["{{ '  x  ' | trim }}", "x"],
  ["{{ 'this is a long sentence' | abbreviate(10) }}", "this is..."],
  ["{{ trigger.body.items | sort }}", "[1,2,3]"],
  ["{{ trigger.body.items | rsort | first }}", "3"],
  ["{{ trigger.body.items | reverse | join('') }}", "213"],
  ["{{ trigger.body.items | length }}", "3"],
  ["{{ trigger.body.tags | distinct }}", '["a","b"]'],
  ["{{ [[1,2],[3]] | flatten }}", "[1,2,3]"],
  ["{{ [1,2,3,4,5] | chunk(2) }}", "[[1,2],[3,4],[5]]"],
  ["{{ user | keys }}", '["first","last","age"]'],
  ["{{ user | values | last }}", "42"],
  ["{{ [1] | merge([2,3]) }}", "[1,2,3]"],
  ["{{ {'a':1} | merge({'b':2}) | toJson }}", '{"a":1,"b":2}'],
  ["{{ 'hello' | slice(1,3) }}", "el"],
  ["{{ 'a.b.c' | substringAfter('.') }}", "b.c"],
  ["{{ 'a.b.c' | substringAfterLast('.') }}", "c"],
  ["{{ 'a.b.c' | substringBefore('.') }}", "a"],
  ["{{ 'a.b.c' | substringBeforeLast('.') }}", "a.b"],
  ["{{ 'file.csv' | endsWith('.csv') }}", "true"],
  ["{{ 'file.csv' | startsWith('x') }}", "false"],
  ["{{ 'a1b22c' | split('\\\\d+') | join('|') }}", "a|b|c"],
  ["{{ 'Héllo World!' | slugify }}", "hello-world"],
  ["{{ 'a b&c' | urlencode }}", "a+b%26c"],
  ["{{ 'a+b%26c' | urldecode }}", "a b&c"],
  ["{{ 'hé' | base64encode }}", "aMOp"],
  ["{{ 'aMOp' | base64decode }}", "hé"],
  ["{{ 'abc' | md5 }}", "900150983cd24fb0d6963f7d28e17f72"],
  ["{{ 'abc' | sha1 }}", "a9993e364706816aba3e25717850c26c9cd0d89d"],
  ["{{ 'abc' | sha256 }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ["{{ 'abc' | sha512 | length }}", "128"],
  ["{{ 'it\\'s' | escapeChar('shell') }}", "it'\\''s"],
  ["{{ 'a\nb' | indent(2) }}", "a\n  b"],
  ["{{ 'a\nb' | nindent(2) }}", "\n  a\n  b"],
  ["{{ 'hello' | replace({'l': 'L'}) }}", "heLLo"],
  ["{{ '2024-05-01' | replace({'(\\\\d+)-(\\\\d+)-(\\\\d+)': '$3/$2/$1'}, regexp=true) }}", "01/05/2024"],
  ["{{ -5 | abs }}", "5"],
  ["{{ '42' | number + 1 }}", "43"],
  ["{{ '2.5' | number('DOUBLE') * 2 }}", "5"],
  ["{{ 1234.5 | numberFormat('#,##0.00') }}", "1,234.50"],
  ["{{ user.age | className }}", "java.lang.Integer"],
  ["{{ user.first | className }}", "java.lang.String"],
  ["{{ user.age | string }}", "42"],
  ["{{ user | toJson }}", '{"first":"Ann","last":"Lee","age":42}'],
  ["{{ user | json }}", '{"first":"Ann","last":"Lee","age":42}'],
  ["{{ nothing | toJson }}", "null"],
  ["{{ {'a':[1,2]} | yaml }}", "a:\n  - 1\n  - 2\n"],
  ["{{ trigger.body.when | date('yyyy-MM-dd HH:mm') }}", "2024-05-01 12:15"],
  ["{{ trigger.body.when | date('iso_sec', timeZone='UTC') }}", "2024-05-01T10:15:30Z"],
  ["{{ trigger.body.when | date(format='EEEE d MMMM', locale='fr') }}", "mercredi 1 mai"],
  ["{{ trigger.body.when | dateAdd(1, 'DAYS', 'yyyy-MM-dd') }}", "2024-05-02"],
  ["{{ trigger.body.when | dateAdd(-2, 'HOURS', format='HH:mm', timeZone='UTC') }}", "08:15"],
  ["{{ trigger.body.when | timestamp }}", "1714558530"],
  ["{{ trigger.body.when | timestampMilli }}", "1714558530000"],
  ["{{ trigger.body.when | timestampMicro }}", "1714558530000000"],
  ["{{ trigger.body.when | timestampNano }}", "1714558530000000000"],
  ["{{ 1714558530 | date('iso_sec', timeZone='UTC') }}", "2024-05-01T10:15:30Z"],
  ["{{ secret('api_key') }}", "k3y"],
  ['{{ fromJson(\'{"a":{"b":7}}\').a.b }}', "7"],
  ["{{ yaml('a: [1, 2]').a[1] }}", "2"],
  ["{{ render(vars.message) }}", "Hi ann lee"],
  ["{{ render(vars.nested) }}", "Hi ann lee!"],
  ["{{ render(vars.nested, recursive=false) }}", "Hi {{ trigger.body.name }}!"],
  ["{{ renderOnce(vars.nested) }}", "Hi {{ trigger.body.name }}!"],
  ["{{ render(vars.message) | upper }}", "HI ANN LEE"],
  ["{{ range(1, 5) | join(',') }}", "1,2,3,4,5"],
  ["{{ range(0, 10, 5) }}", "[0,5,10]"],
  ["{{ min(4, 2, 8) }}-{{ max(4, 2, 8) }}", "2-8"],
  ["{{ uuid() | length }}", "36"],
  ["{{ id() | length }}", "22"],
  ["{{ ksuid() | length }}", "27"],
  ["{{ nanoId() | length }}", "21"],
  ["{{ nanoId(5, 'x') }}", "xxxxx"],
  ["{{ randomInt(3, 4) }}", "3"],
  ["{{ printContext().user.first }}", "Ann"],
  ["{% for t in trigger.body.tags | distinct %}[{{ t | upper }}]{% endfor %}", "[A][B]"],
  ["{{ trigger.body.items | sort | first + 10 }}", "11"],
];

describe("filters and functions in templates", () => {
  test.each(cases)("%s", (template, expected) => {
    expect(renderTemplate(template, context, options)).toBe(expected);
  });

  test("a bad argument is an error naming the filter, with a position", () => {
    expect(() => renderTemplate("{{ 'x' | chunk(2) }}", context, options)).toThrow(/chunk/);
    expect(() => renderTemplate("{{ [1] | chunk(0) }}", context, options)).toThrow(/line 1/);
    expect(() => renderTemplate("{{ secret('nope') }}", context, options)).toThrow("Cannot find secret for key 'nope'");
    expect(() => renderTemplate("{{ {'a':1} | jq('.a |||') }}", context, options)).toThrow(/jq/);
    expect(() => renderTemplate("{{ 'x' | date('yyyy') }}", context, options)).toThrow(
      /date: cannot read a date from 'x'/,
    );
  });
});
