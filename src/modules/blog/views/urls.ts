/** Every blog URL is built here, so pages, feeds and mail agree. */
export const blogsUrl = (org: string) => `/o/${org}/blogs`;
export const blogUrl = (org: string, blog: string) => `/o/${org}/blogs/${blog}`;
export const postUrl = (org: string, blog: string, post: string) => `/o/${org}/blogs/${blog}/${post}`;
export const tagUrl = (org: string, blog: string, tag: string) => `/o/${org}/blogs/${blog}/tags/${encodeURIComponent(tag)}`;
