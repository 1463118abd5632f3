/** The three-way /etc merge done when a new deployment is made. */
package dev.caisson.deploy.etc;
