/** Templates and static assets are imported as text (`with { type: "text" }`) so that `dist/perch` embeds them. */
declare module "*.eta" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*.client.js" {
  const text: string;
  export default text;
}
